"""Service Quotas: the quotas a workshop needs, which moto 5.2.5 does not answer
(docs/aws-behaviour.md section 30)."""
