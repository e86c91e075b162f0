"""Tests of the distributions (sdist, wheel, install) and of the import guard on old Pythons."""
