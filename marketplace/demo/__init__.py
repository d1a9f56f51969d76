"""Demo data for Xứ Quảng Market: real Quảng Nam OCOP producers and products, loaded through the services.

`data` holds the tables, `images` draws a product picture, `loader.load_demo_data()` writes it all in one
transaction; `manage.py load_demo_data` is the face.
"""
