"""The relationship book: vendors, accounts, transactions, orders, holdings, agreements, notes."""
