"""Mail: fetching submissions from an IMAP mailbox (`fetch`), and the mail to the departments (`dvht gui-thu`:
`outbox`, with `letters`, `compose`, `smtp`, `sent_log`; its settings: `setup.mail_out`)."""
