"""Read-only JSON API for other provincial systems, and signed webhooks.

Sits above every other area (it reads their rows, writes only its own tables); review and rewards call
`webhooks` only to queue an event in their own transaction.

Modules:
scope     token/subscription scope (subtree roots -> unit ids)
tokens    per-system bearer tokens: create (secret shown once), revoke, authenticate, rate limit, call log
payloads  the JSON shape of an initiative and of an award list (shared by the API and the webhooks)
queries   the endpoints' read models: paged initiatives and award lists, participation per unit
webhooks  subscriptions, the durable delivery queue and the worker that POSTs signed events
admin_api_view  the API page's view: tokens, subscriptions and deliveries ready to show
"""
