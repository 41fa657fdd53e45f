"""The shared materials and how a `generator.scene.materials` description sets them.

Every drawn value reaches the shaders through object attributes (custom properties read by Attribute nodes of
type OBJECT), never through node values: Cycles recompiles a shader whose node values change (~4 ms a frame
here) but only re-uploads an object's attributes (~1 ms). The texture kind can't be an attribute, so there is
one body material per kind, built once from the same graph, and the frame picks one by material slot.

A subject family's natural colours (skin, hair, fur, leaves) come with the geometry instead: a face attribute
TINT whose alpha is how much its colour replaces the drawn one (0 on the abstract families, and on assets,
which lack the attribute and so read 0).
"""

from __future__ import annotations

import bpy

from generator.scene.materials import TEXTURES

TEXTURE_NODES = {"noise": "ShaderNodeTexNoise", "voronoi": "ShaderNodeTexVoronoi",
                 "stripes": "ShaderNodeTexWave", "checker": "ShaderNodeTexChecker"}
PREFIX = "generator_"  # custom property names of the material attributes on the objects shown
TINT = "generator_tint"  # face colour attribute of the procedural mesh: linear RGB and its weight
ATTRIBUTES = ("color_a", "color_b", "offset", "scale", "roughness", "metallic", "alpha", "strand_color")


def _attribute(tree: bpy.types.NodeTree, name: str, output: str) -> bpy.types.NodeSocket:
    """The `output` socket ("Color", "Vector" or "Fac") of an object attribute node reading PREFIX + name."""
    node = tree.nodes.new("ShaderNodeAttribute")
    node.attribute_type = "OBJECT"
    node.attribute_name = PREFIX + name
    return node.outputs[output]


def _tinted(tree: bpy.types.NodeTree, color: bpy.types.NodeSocket) -> bpy.types.NodeSocket:
    """`color` mixed toward the faces' TINT colour by the tint's alpha."""
    tint = tree.nodes.new("ShaderNodeAttribute")
    tint.attribute_type = "GEOMETRY"
    tint.attribute_name = TINT
    mix = tree.nodes.new("ShaderNodeMix")
    mix.data_type = "RGBA"
    tree.links.new(tint.outputs["Alpha"], mix.inputs["Factor"])
    tree.links.new(color, mix.inputs["A"])
    tree.links.new(tint.outputs["Color"], mix.inputs["B"])
    return mix.outputs["Result"]


def _surface(material: bpy.types.Material, color: bpy.types.NodeSocket | None = None) -> None:
    """Roughness, metallic and alpha from the attributes; base colour from `color` or the strand attribute,
    tinted."""
    tree = material.node_tree
    principled = tree.nodes["Principled BSDF"]
    for name in ("roughness", "metallic", "alpha"):
        tree.links.new(_attribute(tree, name, "Fac"), principled.inputs[name.title()])
    base = color or _attribute(tree, "strand_color", "Color")
    tree.links.new(_tinted(tree, base), principled.inputs["Base Color"])


def _body(kind: str) -> bpy.types.Material:
    """Colour A, or colours A and B mixed by texture `kind` in object space moved and scaled by the attributes."""
    material = bpy.data.materials.new(f"body-{kind}")
    tree = material.node_tree
    color_a = _attribute(tree, "color_a", "Color")
    if kind == "none":
        _surface(material, color_a)
        return material
    mapping = tree.nodes.new("ShaderNodeMapping")
    tree.links.new(tree.nodes.new("ShaderNodeTexCoord").outputs["Object"], mapping.inputs["Vector"])
    tree.links.new(_attribute(tree, "offset", "Vector"), mapping.inputs["Location"])
    tree.links.new(_attribute(tree, "scale", "Fac"), mapping.inputs["Scale"])
    texture = tree.nodes.new(TEXTURE_NODES[kind])
    tree.links.new(mapping.outputs["Vector"], texture.inputs["Vector"])
    mix = tree.nodes.new("ShaderNodeMix")
    mix.data_type = "RGBA"
    tree.links.new(texture.outputs["Fac"] if "Fac" in texture.outputs else texture.outputs[0], mix.inputs["Factor"])
    tree.links.new(color_a, mix.inputs["A"])
    tree.links.new(_attribute(tree, "color_b", "Color"), mix.inputs["B"])
    _surface(material, mix.outputs["Result"])
    return material


class Materials:
    """One body material per texture kind (in TEXTURES order, so a kind's slot is its index) and the strand
    material; `set` writes a description's values onto the objects shown."""

    def __init__(self) -> None:
        self.bodies = [_body(kind) for kind in TEXTURES]
        self.strand = bpy.data.materials.new("strand")
        _surface(self.strand)

    @staticmethod
    def slot(kind: str) -> int:
        """Index of texture `kind`'s body material in `bodies`."""
        return TEXTURES.index(kind)

    def set(self, material: dict, objects: list[bpy.types.Object]) -> None:
        """Write the description's values as the objects' material attributes."""
        for obj in objects:
            for name in ATTRIBUTES:
                obj[PREFIX + name] = material[name]
            obj.update_tag()  # custom properties alone do not tell the depsgraph (and so Cycles) to re-sync
