import json
from .conftest import AXE_JS

def test_debug(page, login):
    login(page, "wiesbaden")
    page.keyboard.press("Tab")
    page.add_script_tag(path=str(AXE_JS))
    r = page.evaluate("async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}}); return {passes: r.passes.map(v => [v.id, v.nodes.length]), inapplicable: r.inapplicable.map(v=>v.id), incomplete: r.incomplete.map(v=>v.id)}; }")
    print(json.dumps(r))
