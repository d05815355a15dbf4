"""Factories by area: each builds rows through the services, as a page action would."""
