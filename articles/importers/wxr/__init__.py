"""WordPress exports (WXR): the parser, the WordPress markup converters and the importers."""
