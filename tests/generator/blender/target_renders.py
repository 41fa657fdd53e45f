"""Renders for tests/generator/blender/test_target.py, in a Blender process of their own (bpy keeps one scene per
process, and the tests' shared renderer has no targets): `python -m tests.generator.blender.target_renders DIR`.

Writes a yellow model in every format a user may bring (PLY with vertex colours as LM-O's scans, OBJ+MTL with an
image texture, GLB, FBX, .blend) into DIR, loads them all as targets, renders each under white light, then a target
with a distractor in front of it and a frame without the target, and prints what the test checks as JSON.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import numpy as np

from generator.blender.taskpool import import_bpy

YELLOW = (1.0, 0.85, 0.0)  # linear; sRGB bytes (255, 238, 0)
SIZE = 48


def write_ply(path: Path) -> None:
    """An octahedron with yellow vertex colours, ASCII, in millimetres like LM-O's models."""
    vertices = 40.0 * np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]])
    faces = [(0, 2, 4), (2, 1, 4), (1, 3, 4), (3, 0, 4), (2, 0, 5), (1, 2, 5), (3, 1, 5), (0, 3, 5)]
    lines = ["ply", "format ascii 1.0", f"element vertex {len(vertices)}", "property float x", "property float y",
             "property float z", "property uchar red", "property uchar green", "property uchar blue",
             f"element face {len(faces)}", "property list uchar int vertex_indices", "end_header"]
    lines += [f"{x} {y} {z} 255 238 0" for x, y, z in vertices] + [f"3 {a} {b} {c}" for a, b, c in faces]
    path.write_text("\n".join(lines) + "\n")


def write_models(folder: Path) -> dict[str, Path]:
    """A yellow sphere in each format Blender exports, its colour from an image texture, and the PLY."""
    import bpy

    folder.mkdir(parents=True, exist_ok=True)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.mesh.primitive_uv_sphere_add(segments=16, ring_count=8)
    sphere = bpy.context.active_object
    image = bpy.data.images.new("yellow", 8, 8)
    image.pixels.foreach_set(np.tile([*YELLOW, 1.0], 64).astype(np.float32))
    image.filepath_raw, image.file_format = str(folder / "yellow.png"), "PNG"
    image.save()
    material = bpy.data.materials.new("yellow")
    texture = material.node_tree.nodes.new("ShaderNodeTexImage")
    texture.image = image
    material.node_tree.links.new(texture.outputs["Color"],
                                 material.node_tree.nodes["Principled BSDF"].inputs["Base Color"])
    sphere.data.materials.append(material)
    paths = {suffix: folder / f"model{suffix}" for suffix in (".obj", ".glb", ".fbx", ".blend", ".ply")}
    bpy.ops.wm.obj_export(filepath=str(paths[".obj"]), export_materials=True, path_mode="RELATIVE")
    bpy.ops.export_scene.gltf(filepath=str(paths[".glb"]), export_format="GLB")
    bpy.ops.export_scene.fbx(filepath=str(paths[".fbx"]), path_mode="COPY", embed_textures=True)
    bpy.ops.wm.save_as_mainfile(filepath=str(paths[".blend"]))
    write_ply(paths[".ply"])
    return paths


def neutral(frame: dict) -> dict:
    """A target frame seen straight on under white light, nothing else in it, the look unchanged."""
    frame = copy.deepcopy(frame)
    frame["world"] = None
    frame["lighting"] = {"lights": [], "ambient": {"color": [1.0, 1.0, 1.0], "strength": 1.0}}
    frame["camera"].update(location=[0.0, -4.5, 0.0], target=[0.0, 0.0, 0.0], roll=0.0, lens=50.0)
    frame["object"].update(rotation=[0.0, 0.0, 0.0], absent=False,
                           look={"hue": 0.5, "saturation": 1.0, "value": 1.0, "roughness": 1.0})
    frame["clutter"] = {"objects": [], "ground": None, "standing": True, "assets": [], "twins": []}
    return frame


def main() -> None:
    out = Path(sys.argv[1])
    import_bpy(1)
    paths = write_models(out / "models")
    from generator.blender.render import Renderer
    from generator.scene.frame import FrameRanges, draw_frame, frame_rng
    from generator.scene.materials import MaterialRanges, draw_material
    from generator.scene.shapes import ShapeRanges, draw_shape

    renderer = Renderer(threads=1, targets=[str(path) for path in paths.values()])
    results = {"colours": {}}
    for suffix, path in paths.items():
        frame = neutral(draw_frame(frame_rng(1, 0), FrameRanges(), targets=[str(path)], size=SIZE, samples=4))
        render = renderer.render(frame)
        inside = render[..., 3] > 0.99
        colour = render[inside, :3].mean(axis=0) if inside.any() else np.zeros(3)
        results["colours"][suffix] = [*map(float, colour), float(inside.mean())]
    # the PLY target, a grey sphere in front of its left half and a look-alike behind on the right, then the same
    # frame without the target
    frame = neutral(draw_frame(frame_rng(2, 0), FrameRanges(), targets=[str(paths[".ply"])], size=SIZE, samples=4))
    alone = renderer.render(frame)
    grey = {**draw_material(np.random.default_rng(0), MaterialRanges()), "texture": "none", "alpha": 1.0,
            "color_a": [0.2, 0.2, 0.2], "metallic": 0.0}
    sphere = draw_shape(np.random.default_rng(0), ShapeRanges(families=("solid",), torus_probability=0.0,
                                                              exponent=(1.0, 1.0), aspect=(1.0, 1.0)))
    blocker = {"shape": {**sphere, "rotation": [0.0, 0.0, 0.0]}, "location": [-0.45, -1.6, 0.0], "radius": 0.5,
               "material": grey}
    frame["clutter"] = {"objects": [blocker], "ground": {"material": grey}, "standing": False, "assets": [],
                        "twins": [{"material": grey, "rotation": [0.0, 0.0, 0.0], "scale": [0.6, 0.6, 0.6],
                                   "location": [1.6, 1.0, 0.0]}]}
    hidden = renderer.render(frame)
    frame["object"]["absent"] = True
    empty = renderer.render(frame)
    np.savez(out / "renders.npz", alone=alone, hidden=hidden, empty=empty)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
