"""Print the outside modules our addons depend on (comma-separated), so the
test run can install them first and run only our own tests."""
import ast
import os
import sys

root, addons = sys.argv[1], sys.argv[2].split(',')
deps = set()
for addon in addons:
    with open(os.path.join(root, addon, '__manifest__.py'), encoding='utf-8') as f:
        deps.update(ast.literal_eval(f.read()).get('depends', []))
print(','.join(sorted(deps - set(addons))))
