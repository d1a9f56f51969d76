"""The site's own date formats per language (settings.FORMAT_MODULE_PATH), where Django's differ from ours."""
