"""Subject families of the procedural library, what a photographer meets: people, animals, plants and things.

Each module's `draw(rng, ranges)` returns a shape description (plain data, see `generator.scene.shapes`) built from
the helpers of `generator.scene.subjects.parts` in the family's own units; `generator.scene.meshes.build` normalises it.
No bpy here.
"""
