"""The demo's English texts belong to demo rows (a renamed product must not silently lose its translation)."""

from marketplace.demo import data


def test_every_english_text_names_a_demo_category_or_product():
    assert set(data.CATEGORY_ENGLISH) == {spec.slug for spec in data.CATEGORIES}
    assert set(data.PRODUCT_ENGLISH) <= {spec.name for spec in data.PRODUCTS}
    assert len(data.PRODUCT_ENGLISH) >= 5
    assert all(name and description for name, description in data.PRODUCT_ENGLISH.values())
