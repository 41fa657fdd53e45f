"""The two shared materials (body and strands) and how a `generator.materials` description sets them.

The node graph is built once: object-space texture coordinates -> Mapping -> one texture per kind; each frame
links the drawn texture's factor into the colour mix (or none) and sets values, so no material data-block is
ever created after start-up.
"""

from __future__ import annotations

import bpy

TEXTURE_NODES = {"noise": "ShaderNodeTexNoise", "voronoi": "ShaderNodeTexVoronoi",
                 "stripes": "ShaderNodeTexWave", "checker": "ShaderNodeTexChecker"}


class Materials:
    """The body material (textured Principled BSDF) and the strand material (plain Principled BSDF)."""

    def __init__(self) -> None:
        self.body = bpy.data.materials.new("body")
        self.strand = bpy.data.materials.new("strand")
        nodes, links = self.body.node_tree.nodes, self.body.node_tree.links
        self.principled = nodes["Principled BSDF"]
        coords = nodes.new("ShaderNodeTexCoord")
        self.mapping = nodes.new("ShaderNodeMapping")
        links.new(coords.outputs["Object"], self.mapping.inputs["Vector"])
        self.mix = nodes.new("ShaderNodeMix")
        self.mix.data_type = "RGBA"
        links.new(self.mix.outputs["Result"], self.principled.inputs["Base Color"])
        self.textures = {}
        for kind, node_type in TEXTURE_NODES.items():
            node = nodes.new(node_type)
            links.new(self.mapping.outputs["Vector"], node.inputs["Vector"])
            self.textures[kind] = node
        self.strand_principled = self.strand.node_tree.nodes["Principled BSDF"]
        self.kind = None

    def link_texture(self, kind: str) -> None:
        """Feed the mix factor from texture `kind` ("none": constant colour A); relinks only on change."""
        if kind == self.kind:
            return
        links = self.body.node_tree.links
        factor = self.mix.inputs["Factor"]
        for link in list(factor.links):
            links.remove(link)
        factor.default_value = 0.0
        if kind != "none":
            texture = self.textures[kind]
            links.new(texture.outputs["Fac"] if "Fac" in texture.outputs else texture.outputs[0], factor)
        self.kind = kind

    def apply(self, material: dict) -> None:
        """Set both materials from a description."""
        self.link_texture(material["texture"])
        self.mix.inputs["A"].default_value = (*material["color_a"], 1.0)
        self.mix.inputs["B"].default_value = (*material["color_b"], 1.0)
        self.mapping.inputs["Location"].default_value = material["offset"]
        self.mapping.inputs["Scale"].default_value = (material["scale"],) * 3
        for principled in (self.principled, self.strand_principled):
            principled.inputs["Roughness"].default_value = material["roughness"]
            principled.inputs["Metallic"].default_value = material["metallic"]
            principled.inputs["Alpha"].default_value = material["alpha"]
        self.strand_principled.inputs["Base Color"].default_value = (*material["strand_color"], 1.0)
