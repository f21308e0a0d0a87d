"""Routes: who can introduce you to whom. The route model, search, index, rank, graph export.

Owns scoring and searching routes, the on-disk route index, who-can-introduce and rank.
May import the base modules, workspace, ties and identity.
"""
