"""Exchange with the outside: personal API tokens now; vendor connections and webhooks later."""
