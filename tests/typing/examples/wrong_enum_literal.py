"""A value outside an enum is an error, in a model and when compared with a response value."""

from cognito_idp import CustomDomainConfig

CustomDomainConfig(certificate_arn="arn", security_policy="TLS_V1_2")

config = CustomDomainConfig.from_dict({"CertificateArn": "arn"})
if config.security_policy == "TLS_1_2":
    pass

# mypy infers str for the variable (annotate it with the alias from cognito_idp.literals);
# pyright keeps the literal it was assigned, which is valid.
policy = "TLS_V1"
CustomDomainConfig(certificate_arn="arn", security_policy=policy)
