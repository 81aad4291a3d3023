"""Binary search tree: insert, search, traversals, height, delete, pretty print."""


class Node:
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None


class BST:
    def __init__(self):
        self.root = None

    def insert(self, key):
        def _insert(node, key):
            if node is None:
                return Node(key)
            if key < node.key:
                node.left = _insert(node.left, key)
            elif key > node.key:
                node.right = _insert(node.right, key)
            return node
        self.root = _insert(self.root, key)

    def __contains__(self, key):
        node = self.root
        while node:
            if key == node.key:
                return True
            node = node.left if key < node.key else node.right
        return False

    def inorder(self):
        def walk(node):
            if node:
                yield from walk(node.left)
                yield node.key
                yield from walk(node.right)
        return list(walk(self.root))

    def preorder(self, node="start"):
        node = self.root if node == "start" else node
        if node is None:
            return []
        return [node.key] + self.preorder(node.left) + self.preorder(node.right)

    def levels(self):
        out, level = [], [self.root] if self.root else []
        while level:
            out.append([n.key for n in level])
            level = [c for n in level for c in (n.left, n.right) if c]
        return out

    def height(self, node="start"):
        node = self.root if node == "start" else node
        if node is None:
            return 0
        return 1 + max(self.height(node.left), self.height(node.right))

    def delete(self, key):
        def _delete(node, key):
            if node is None:
                return None
            if key < node.key:
                node.left = _delete(node.left, key)
            elif key > node.key:
                node.right = _delete(node.right, key)
            else:
                if node.left is None:
                    return node.right
                if node.right is None:
                    return node.left
                succ = node.right
                while succ.left:
                    succ = succ.left
                node.key = succ.key
                node.right = _delete(node.right, succ.key)
            return node
        self.root = _delete(self.root, key)

    def show(self, node="start", prefix=""):
        node = self.root if node == "start" else node
        if node is None:
            return
        self.show(node.right, prefix + "    ")
        print(prefix + str(node.key))
        self.show(node.left, prefix + "    ")


tree = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]:
    tree.insert(k)
print("inorder:", tree.inorder())
print("preorder:", tree.preorder())
print("levels:", tree.levels())
print("height:", tree.height(), "contains 45:", 45 in tree, "contains 99:", 99 in tree)
tree.show()
for k in (20, 30, 50):
    tree.delete(k)
    print(f"after deleting {k}:", tree.inorder(), "root:", tree.root.key)
words = BST()
for w in "the quick brown fox jumps over the lazy dog".split():
    words.insert(w)
print(words.inorder(), words.height())
