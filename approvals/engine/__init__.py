"""The approvals engine: who approves what by value (effective-dated bands), approval requests and
their decisions. It knows no STA or grant: a domain object points at its ApprovalRequest and acts
on the outcome through `engine.hooks`. See docs/decisions/0007-approval-and-route-band-boundaries.md.
"""
