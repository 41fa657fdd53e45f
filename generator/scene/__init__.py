"""The random draw of a scene as plain data: camera, world, lights, subject and its material, clutter. No bpy and
no pixels here: `generator.blender` applies a description, `generator.image` makes pairs from the render."""
