"""Cases: conversations the customer starts with a vendor, tracked to the end."""
