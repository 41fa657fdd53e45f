"""A loaded model's own materials as the stream renders them (`--materials keep`, and always a `--target`'s).

Every format keeps its look: a mesh without a material but with vertex colours (a PLY scan) gets a material that
shows them, which Blender's importer does not make; OBJ+MTL, glTF/GLB and FBX come with the importers' own
materials, a .blend with its own. Every such material then gets, once at load:
- the coverage pass (`generator.blender.material.add_coverage`), so that the model's alpha comes from the same
  render as the scene instead of a second render with everything else as holdout;
- a jitter of its look read from object attributes (no shader recompile per frame): a Hue/Saturation/Value node
  before each BSDF's colour and a factor on its roughness, so that a scan's colours, never a camera's, vary as a
  photo's do. Objects without the attributes would read 0, so every object that uses these materials has them.
"""

from __future__ import annotations

import bpy

from generator.blender.material import PREFIX, add_coverage

LOOK = ("hue", "saturation", "value", "roughness")
NEUTRAL = {"hue": 0.5, "saturation": 1.0, "value": 1.0, "roughness": 1.0}  # the node's "unchanged"
COLOUR_INPUTS = {"BSDF_PRINCIPLED": ("Base Color", "Roughness"), "BSDF_DIFFUSE": ("Color", "Roughness")}


def _attribute(tree: bpy.types.NodeTree, name: str) -> bpy.types.NodeSocket:
    node = tree.nodes.new("ShaderNodeAttribute")
    node.attribute_type = "OBJECT"
    node.attribute_name = f"{PREFIX}look_{name}"
    return node.outputs["Fac"]


def _feed(tree: bpy.types.NodeTree, socket: bpy.types.NodeSocket, into: bpy.types.NodeSocket) -> None:
    """Feed `socket` (a fresh node's input) with whatever feeds `into`: its link, or its own value."""
    if into.is_linked:
        tree.links.new(into.links[0].from_socket, socket)
    else:
        socket.default_value = into.default_value


def _jitter(tree: bpy.types.NodeTree, bsdf: bpy.types.Node, colour: str, roughness: str) -> None:
    """An HSV node before the BSDF's colour and a factor on its roughness, both read from the attributes."""
    hsv = tree.nodes.new("ShaderNodeHueSaturation")
    _feed(tree, hsv.inputs["Color"], bsdf.inputs[colour])
    for name in ("hue", "saturation", "value"):
        tree.links.new(_attribute(tree, name), hsv.inputs[name.title()])
    tree.links.new(hsv.outputs["Color"], bsdf.inputs[colour])
    times = tree.nodes.new("ShaderNodeMath")
    times.operation = "MULTIPLY"
    times.use_clamp = True
    _feed(tree, times.inputs[0], bsdf.inputs[roughness])
    tree.links.new(_attribute(tree, "roughness"), times.inputs[1])
    tree.links.new(times.outputs["Value"], bsdf.inputs[roughness])


def prepare(material: bpy.types.Material) -> bool:
    """Give a model's material the coverage pass and the look jitter; False where it has no node tree."""
    tree = material.node_tree
    if tree is None:
        return False
    for node in list(tree.nodes):
        if node.type in COLOUR_INPUTS:
            _jitter(tree, node, *COLOUR_INPUTS[node.type])
    add_coverage(tree)
    return True


def vertex_colour_material(mesh: bpy.types.Mesh) -> bpy.types.Material | None:
    """A material whose base colour is the mesh's active colour attribute, or None where it has none."""
    attribute = mesh.color_attributes.active_color
    if attribute is None:
        return None
    material = bpy.data.materials.new(f"{mesh.name}-vertex-colours")
    tree = material.node_tree
    colours = tree.nodes.new("ShaderNodeVertexColor")
    colours.layer_name = attribute.name
    tree.links.new(colours.outputs["Color"], tree.nodes["Principled BSDF"].inputs["Base Color"])
    return material


def set_look(objects: list[bpy.types.Object], look: dict | None) -> None:
    """Write a drawn look (`generator.scene.target.draw_look`), or the neutral one, as the objects' attributes."""
    values = NEUTRAL if look is None else look
    for obj in objects:
        changed = False
        for name in LOOK:
            key = f"{PREFIX}look_{name}"
            if obj.get(key) != values[name]:
                obj[key] = values[name]
                changed = True
        if changed:
            obj.update_tag()  # custom properties alone do not tell the depsgraph (and so Cycles) to re-sync
