"""The image library: safe uploads, metadata stripping, renditions and their markup."""
