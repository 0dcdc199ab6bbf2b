"""textkit: read, segment and audit Chinese government information-disclosure annual reports."""
