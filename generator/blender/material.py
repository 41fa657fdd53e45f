"""The shared materials and how a `generator.scene.materials` description sets them.

Every drawn value reaches the shaders through object attributes (custom properties read by Attribute nodes of
type OBJECT), never through node values: Cycles recompiles a shader whose node values change (~4 ms a frame
here) but only re-uploads an object's attributes (~1 ms). The texture kind can't be an attribute, so there is
one body material per kind, built once from the same graph, and the frame picks one by material slot. The photo
kind samples one image, the atlas of `generator.image.atlas`, box-projected in object space.

A subject family's natural colours (skin, hair, fur, leaves) come with the geometry instead: a face attribute
TINT whose alpha is how much its colour replaces the drawn one (0 on the abstract families, and on assets,
which lack the attribute and so read 0).

Every material also writes its object's pass index to the COVERAGE_AOV pass: FOREGROUND_INDEX on the subject
and its companions, 0 on clutter and the ground. Anti-aliased like any pass, it is the subject's visible
coverage in the same render as the scene (`generator.blender.render`), where a holdout pass costs a second one.
"""

from __future__ import annotations

import bpy
import numpy as np

from generator.image.atlas import MEDIAN_REFLECTANCE
from generator.image.colour import linear_to_srgb
from generator.scene.materials import KINDS, PHOTO

TEXTURE_NODES = {"noise": "ShaderNodeTexNoise", "voronoi": "ShaderNodeTexVoronoi",
                 "stripes": "ShaderNodeTexWave", "checker": "ShaderNodeTexChecker"}
PREFIX = "generator_"  # custom property names of the material attributes on the objects shown
TINT = "generator_tint"  # face colour attribute of the procedural mesh: linear RGB and its weight
ATTRIBUTES = ("color_a", "color_b", "offset", "scale", "roughness", "metallic", "alpha", "strand_color")
# atlas widths per object unit per unit of the drawn scale (1-25): a subject shows from a few dozen to a few
# hundred atlas pixels across, never so many per render pixel that 4 samples alias them into sparkle
PHOTO_SCALE = 0.004
PHOTO_BLEND = 0.2  # box projection: how softly the six projections meet at an edge
COVERAGE_AOV = "coverage"  # the view layer's AOV of the subject's coverage
FOREGROUND_INDEX = 1  # pass index of the objects that count as the subject in COVERAGE_AOV


def _attribute(tree: bpy.types.NodeTree, name: str, output: str) -> bpy.types.NodeSocket:
    """The `output` socket ("Color", "Vector" or "Fac") of an object attribute node reading PREFIX + name."""
    node = tree.nodes.new("ShaderNodeAttribute")
    node.attribute_type = "OBJECT"
    node.attribute_name = PREFIX + name
    return node.outputs[output]


def _tinted(tree: bpy.types.NodeTree, color: bpy.types.NodeSocket, tint: bpy.types.Node, patterned: bool
            ) -> bpy.types.NodeSocket:
    """`color` mixed toward the faces' TINT colour (the attribute node `tint`) by the tint's alpha; when
    `patterned`, the tint carries the luminance detail of `color` (a photo-textured shirt or pelt in its natural
    colour, not a flat one)."""
    tint_color = tint.outputs["Color"]
    if patterned:
        luma = tree.nodes.new("ShaderNodeRGBToBW")
        tree.links.new(color, luma.inputs["Color"])
        relative = tree.nodes.new("ShaderNodeMath")
        relative.operation = "DIVIDE"
        relative.inputs[1].default_value = MEDIAN_REFLECTANCE
        tree.links.new(luma.outputs["Val"], relative.inputs[0])
        times = tree.nodes.new("ShaderNodeMix")
        times.data_type = "RGBA"
        times.blend_type = "MULTIPLY"
        times.inputs["Factor"].default_value = 1.0
        tree.links.new(tint_color, times.inputs["A"])
        tree.links.new(relative.outputs["Value"], times.inputs["B"])
        tint_color = times.outputs["Result"]
    mix = tree.nodes.new("ShaderNodeMix")
    mix.data_type = "RGBA"
    tree.links.new(tint.outputs["Alpha"], mix.inputs["Factor"])
    tree.links.new(color, mix.inputs["A"])
    tree.links.new(tint_color, mix.inputs["B"])
    return mix.outputs["Result"]


def _surface(material: bpy.types.Material, color: bpy.types.NodeSocket | None = None, patterned: bool = False
             ) -> None:
    """Roughness, metallic and alpha from the attributes; base colour from `color` or the strand attribute,
    tinted (`_tinted`), and no metal where the tint covers it; the object's pass index to COVERAGE_AOV."""
    tree = material.node_tree
    principled = tree.nodes["Principled BSDF"]
    for name in ("roughness", "alpha"):
        tree.links.new(_attribute(tree, name, "Fac"), principled.inputs[name.title()])
    tint = tree.nodes.new("ShaderNodeAttribute")
    tint.attribute_type = "GEOMETRY"
    tint.attribute_name = TINT
    # skin, hair, fur and leaves are never metal: a metallic face read as a mannequin's, not a person's
    metal = tree.nodes.new("ShaderNodeMix")
    tree.links.new(tint.outputs["Alpha"], metal.inputs["Factor"])
    tree.links.new(_attribute(tree, "metallic", "Fac"), metal.inputs["A"])
    metal.inputs["B"].default_value = 0.0
    tree.links.new(metal.outputs["Result"], principled.inputs["Metallic"])
    base = color or _attribute(tree, "strand_color", "Color")
    tree.links.new(_tinted(tree, base, tint, patterned), principled.inputs["Base Color"])
    add_coverage(tree)


def add_coverage(tree: bpy.types.NodeTree) -> None:
    """Write the object's pass index to COVERAGE_AOV: an output of its own, the surface is left as it is."""
    coverage = tree.nodes.new("ShaderNodeOutputAOV")
    coverage.aov_name = COVERAGE_AOV
    tree.links.new(tree.nodes.new("ShaderNodeObjectInfo").outputs["Object Index"], coverage.inputs["Value"])


def _atlas_image(atlas: np.ndarray) -> bpy.types.Image:
    """The photo atlas (linear HxWx3, top row first) as an 8-bit sRGB image data-block."""
    height, width = atlas.shape[:2]
    image = bpy.data.images.new("photo-atlas", width, height, alpha=False)
    rgba = np.dstack([linear_to_srgb(atlas), np.ones((height, width), np.float32)])
    image.pixels.foreach_set(rgba[::-1].ravel())  # Blender's rows run bottom to top
    image.pack()  # generated pixels have no file; packing (0.25 s, once) keeps them with the data-block
    return image


def _mapped(tree: bpy.types.NodeTree, factor: float = 1.0) -> bpy.types.NodeSocket:
    """Object-space coordinates moved and scaled by the attributes, the scale times `factor`."""
    mapping = tree.nodes.new("ShaderNodeMapping")
    tree.links.new(tree.nodes.new("ShaderNodeTexCoord").outputs["Object"], mapping.inputs["Vector"])
    tree.links.new(_attribute(tree, "offset", "Vector"), mapping.inputs["Location"])
    scale = _attribute(tree, "scale", "Fac")
    if factor != 1.0:
        times = tree.nodes.new("ShaderNodeMath")
        times.operation = "MULTIPLY"
        times.inputs[1].default_value = factor
        tree.links.new(scale, times.inputs[0])
        scale = times.outputs["Value"]
    tree.links.new(scale, mapping.inputs["Scale"])
    return mapping.outputs["Vector"]


def _body(kind: str, atlas: bpy.types.Image) -> bpy.types.Material:
    """Colour A; colours A and B mixed by a procedural texture `kind`; or the photo atlas."""
    material = bpy.data.materials.new(f"body-{kind}")
    tree = material.node_tree
    color_a = _attribute(tree, "color_a", "Color")
    if kind == "none":
        _surface(material, color_a)
        return material
    if kind == PHOTO:
        photo = tree.nodes.new("ShaderNodeTexImage")
        photo.image = atlas
        photo.projection = "BOX"
        photo.projection_blend = PHOTO_BLEND
        tree.links.new(_mapped(tree, PHOTO_SCALE), photo.inputs["Vector"])
        _surface(material, photo.outputs["Color"], patterned=True)
        return material
    texture = tree.nodes.new(TEXTURE_NODES[kind])
    tree.links.new(_mapped(tree), texture.inputs["Vector"])
    mix = tree.nodes.new("ShaderNodeMix")
    mix.data_type = "RGBA"
    tree.links.new(texture.outputs["Fac"] if "Fac" in texture.outputs else texture.outputs[0], mix.inputs["Factor"])
    tree.links.new(color_a, mix.inputs["A"])
    tree.links.new(_attribute(tree, "color_b", "Color"), mix.inputs["B"])
    _surface(material, mix.outputs["Result"])
    return material


class Materials:
    """One body material per texture kind (in KINDS order, so a kind's slot is its index) and the strand
    material; `set` writes a description's values onto the objects shown. `atlas`: the photo kind's image."""

    def __init__(self, atlas: np.ndarray) -> None:
        image = _atlas_image(atlas)
        self.bodies = [_body(kind, image) for kind in KINDS]
        self.strand = bpy.data.materials.new("strand")
        _surface(self.strand)

    @staticmethod
    def slot(kind: str) -> int:
        """Index of texture `kind`'s body material in `bodies`."""
        return KINDS.index(kind)

    def set(self, material: dict, objects: list[bpy.types.Object]) -> None:
        """Write the description's values as the objects' material attributes."""
        for obj in objects:
            for name in ATTRIBUTES:
                obj[PREFIX + name] = material[name]
            obj.update_tag()  # custom properties alone do not tell the depsgraph (and so Cycles) to re-sync
