"""Files in and out: the hardened YAML reader, the YAML writer, atomic replacement, and turning
validation errors into ``path:line:col`` problems. Nothing here knows what a review is."""
