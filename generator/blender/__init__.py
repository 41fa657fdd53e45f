"""The thin bpy layer: applies a frame description (`generator.scene.frame`) to one live Blender scene and renders
it. Importing a submodule imports bpy; this package file stays light."""
