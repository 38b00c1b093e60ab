"""Reading the catalog: files to records, with every problem located by file, line and field."""
