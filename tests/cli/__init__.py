"""The generated command line: parity with the AWS CLI, its model and its generation."""
