"""Read-only JSON API for other provincial systems, and signed webhooks.

Sits above every other area (it reads their rows, writes only its own tables); nothing in ideas/ but tooling
imports it. Events are queued by core.events in the emitting action's transaction; this area sends them.
The JSON shapes are core.payloads, a token's or subscription's reach core.subtrees.

Modules:
tokens    per-system bearer tokens: create (secret shown once), revoke, authenticate, rate limit, call log
queries   the endpoints' read models: paged initiatives and award lists, participation per unit
webhooks  subscriptions and the worker that POSTs the queued deliveries, signed
admin_api_view  the API page's view: tokens, subscriptions and deliveries ready to show
"""
