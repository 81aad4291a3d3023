# A mail-merge with string.Template: substitute, safe_substitute, escapes,
# errors, identifiers and a subclass with its own delimiter.
from string import Template

letter = Template("""Dear $name,
your order #${order}x ships on $day. Total: $$${total}.
""")

customers = [
    {"name": "Ada", "order": 17, "day": "Monday", "total": "12.50"},
    {"name": "Grace", "order": 4, "day": "Friday", "total": "7.00"},
]
for c in customers:
    print(letter.substitute(c), end="")
print(letter.substitute(customers[0], name="Lovelace"), end="")

print(Template("$who likes $what").safe_substitute(who="tim"))
print(Template("$who likes $what").get_identifiers())
print(Template("bad $ here").is_valid(), letter.is_valid())

for tpl, args in [("$missing", {}), ("oops $", {}), ("line1\nx $1", {})]:
    try:
        Template(tpl).substitute(args)
    except KeyError as e:
        print("KeyError", e)
    except ValueError as e:
        print("ValueError", e)


class Percent(Template):
    delimiter = "%"


print(Percent("100%% of %user's %{thing}s").substitute(user="bob", thing="file"))


class Dotted(Template):
    idpattern = r"[a-z]+\.[a-z]+"


print(Dotted("$user.name is $user.role").substitute({"user.name": "ann", "user.role": "admin"}))
print(Template.delimiter, Percent.delimiter, Template("x").template)
