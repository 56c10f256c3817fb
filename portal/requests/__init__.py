"""Requests for help and safety alerts, as records that stay until a person has dealt with them.

- `raising`: a request from a form's answers, a participant's request page or the public
  self-referral page, each routed through the outbox in the same transaction;
- `alerts`: "not safe" and "a child is in danger" as requests, acknowledged, closed and
  escalated when nobody acknowledges them in time;
- `status`: who may move a request on, the allowed steps (one atomic update each, with an event
  that keeps the history) and what the person who asked is told;
- `worklists`: what each member of staff sees (the advocacy worklist, the dashboard, the pack),
  in a fixed number of queries.
"""
