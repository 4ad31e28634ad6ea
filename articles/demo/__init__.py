"""The demo content `make run` loads (load_demo_content): text files per section, pictures
drawn here, and what the loader adds through the services (articles/demo/loader.py)."""
