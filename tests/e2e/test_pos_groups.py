# ruff: noqa: F811 - pytest fixtures imported from tests/pos are named again as the tests' parameters.
"""The till's group chips on a phone (390 px) and a tablet (1024 px): when more groups wait past an edge than fit,
that edge fades with an arrow, and only while there is more to scroll that way; a chip under the fade still takes
a tap. Before, the row scrolled sideways with no sign that more groups existed."""

import pytest
from playwright.sync_api import expect

from marketplace.catalogue.models import Category
from tests.e2e.test_pos_till import cashier, sign_in  # noqa: F401
from tests.pos.conftest import _variant, category, fish_sauce, hoi_an, producer, sesame_oil, stocked  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GROUPS = ["Bánh tráng", "Đồ khô", "Gia vị", "Mật ong", "Quà tặng", "Rượu", "Sâm Ngọc Linh", "Thủ công mỹ nghệ", "Trà"]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}

# Whether each edge's fade shows (its computed opacity), and how far the chips scroll.
CUE = """() => {
  const frame = document.getElementById('groups-frame'), bar = document.getElementById('groups');
  const shown = (edge) => getComputedStyle(frame, edge).opacity === '1';
  return {before: shown('::before'), after: shown('::after'), scrollable: bar.scrollWidth > bar.clientWidth};
}"""


@pytest.fixture
def many_groups(producer, cashier):
    for number, name in enumerate(GROUPS):
        group = Category.objects.create(name=name, slug=f"nhom-{number}")
        _variant(producer, group, f"Hàng {name}", f"NH-{number}", "", 50_000)


def _till(open_page, viewport):
    page = open_page(viewport=viewport, has_touch=True, is_mobile=viewport is PHONE)
    sign_in(page)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#groups button")).not_to_have_count(0)
    return page


def _cue(page):
    page.wait_for_timeout(250)  # the fade's transition
    return page.evaluate(CUE)


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("tablet", TABLET)])
def test_more_groups_past_the_edge_show_a_fade_until_scrolled_to(open_page, screenshot, many_groups, name, viewport):
    page = _till(open_page, viewport)
    assert _cue(page) == {"before": False, "after": True, "scrollable": True}
    # The fade is the colour behind the chips: the panel's on a tablet, the page's on a phone (no panel there).
    fade = page.evaluate("getComputedStyle(document.getElementById('groups-frame'), '::after').backgroundImage")
    behind = "rgb(255, 255, 255)" if viewport is TABLET else "rgb(242, 245, 243)"
    assert fade.startswith(f"linear-gradient(to left, {behind} 35%"), fade
    if viewport is PHONE:  # one column: the sale first, then the groups and the tiles
        sale, groups = page.locator(".till-sale").bounding_box(), page.locator("#groups").bounding_box()
        assert groups["y"] > sale["y"] + sale["height"]
    screenshot(page, f"pos-groups-{name}-start")

    page.locator("#groups").evaluate("bar => bar.scrollBy(120, 0)")
    assert _cue(page) == {"before": True, "after": True, "scrollable": True}

    page.locator("#groups").evaluate("bar => bar.scrollTo(bar.scrollWidth, 0)")
    assert _cue(page) == {"before": True, "after": False, "scrollable": True}
    screenshot(page, f"pos-groups-{name}-end")
    # The chip under the left fade still takes a tap (the fade lets it through).
    page.locator("#groups").scroll_into_view_if_needed()
    first_visible = page.evaluate(
        """() => { const bar = document.getElementById('groups'), left = bar.getBoundingClientRect().left;
          const chip = [...bar.children].find(b => b.getBoundingClientRect().right > left + 8);
          const r = chip.getBoundingClientRect();
          return {text: chip.textContent, x: Math.max(r.left, left) + 6, y: r.top + r.height / 2}; }"""
    )
    page.touchscreen.tap(first_visible["x"], first_visible["y"])
    expect(page.locator("#groups button[aria-pressed=true]")).to_have_text(first_visible["text"])


def test_groups_that_fit_show_no_fade(open_page, cashier):
    page = _till(open_page, TABLET)
    assert _cue(page) == {"before": False, "after": False, "scrollable": False}
