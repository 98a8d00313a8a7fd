"""Mail: fetching submissions from an IMAP mailbox."""
