"""Everything in meetings that reads or writes the database or sends mail, one module per
sub-feature: meetings (scheduling, minutes, the pages' queries), attendance (the register,
quorum, absence runs), calendars (feeds and private-feed tokens), notifications (e-mails to
members). Services add and flush, never commit."""
