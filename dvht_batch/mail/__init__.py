"""Mail: fetching submissions from an IMAP mailbox (`fetch`), and the mail to the departments (`dvht gui-thu`:
`outbox`, with `letters`, `compose`, `smtp`; what went: `ledger.mail_sent`; its settings: `setup.mail_out`)."""
