"""The image pipeline after the render: framing crops, backgrounds (panorama views, photos, procedural
patterns), compositing and the camera's effects over the whole image. numpy and OpenCV only, no bpy."""
