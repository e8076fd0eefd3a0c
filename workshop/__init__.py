"""The facilitator's kit for a workshop in one AWS account (issue 12): the participant policy
(``participant_policy``) and, beside it, ``participant-policy.json``, its example output."""
