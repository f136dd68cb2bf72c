# The native build of the Box2D addon (the oracle for the wasm builds): binding.cc and every .cpp of
# Box2D 2.4.1, whose sources wasm/box2d/fetch.sh puts in build/box2d-src/. wasm/box2d/build.mjs runs
# node-gyp from build/native/ with a stub binding.gyp that includes this file (gyp rebases the paths),
# so node-gyp's own `build/` folder does not land next to the fetched sources.
#
# Same settings as the wasm builds: no C++ exceptions (node-gyp's default -fno-exceptions, and
# NAPI_DISABLE_CPP_EXCEPTIONS for node-addon-api), asserts off, -O3 (node-gyp's Release default).
{
  "target_defaults": {
    "include_dirs": ["build/box2d-src/include", "build/box2d-src/src"],
    "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NDEBUG"]
  },
  "targets": [
    {
      "target_name": "box2d",
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "dependencies": ["box2d_library"],
      "sources": ["binding.cc"]
    },
    {
      # Box2D itself, with upstream's code left as it is: g++ -Wall finds unused variables and
      # b2Assert-only checks in it (harmless with asserts off), which are not ours to fix.
      "target_name": "box2d_library",
      "type": "static_library",
      "cflags": ["-w"],
      "sources": [
        "build/box2d-src/src/collision/b2_broad_phase.cpp",
        "build/box2d-src/src/collision/b2_chain_shape.cpp",
        "build/box2d-src/src/collision/b2_circle_shape.cpp",
        "build/box2d-src/src/collision/b2_collide_circle.cpp",
        "build/box2d-src/src/collision/b2_collide_edge.cpp",
        "build/box2d-src/src/collision/b2_collide_polygon.cpp",
        "build/box2d-src/src/collision/b2_collision.cpp",
        "build/box2d-src/src/collision/b2_distance.cpp",
        "build/box2d-src/src/collision/b2_dynamic_tree.cpp",
        "build/box2d-src/src/collision/b2_edge_shape.cpp",
        "build/box2d-src/src/collision/b2_polygon_shape.cpp",
        "build/box2d-src/src/collision/b2_time_of_impact.cpp",
        "build/box2d-src/src/common/b2_block_allocator.cpp",
        "build/box2d-src/src/common/b2_draw.cpp",
        "build/box2d-src/src/common/b2_math.cpp",
        "build/box2d-src/src/common/b2_settings.cpp",
        "build/box2d-src/src/common/b2_stack_allocator.cpp",
        "build/box2d-src/src/common/b2_timer.cpp",
        "build/box2d-src/src/dynamics/b2_body.cpp",
        "build/box2d-src/src/dynamics/b2_chain_circle_contact.cpp",
        "build/box2d-src/src/dynamics/b2_chain_polygon_contact.cpp",
        "build/box2d-src/src/dynamics/b2_circle_contact.cpp",
        "build/box2d-src/src/dynamics/b2_contact.cpp",
        "build/box2d-src/src/dynamics/b2_contact_manager.cpp",
        "build/box2d-src/src/dynamics/b2_contact_solver.cpp",
        "build/box2d-src/src/dynamics/b2_distance_joint.cpp",
        "build/box2d-src/src/dynamics/b2_edge_circle_contact.cpp",
        "build/box2d-src/src/dynamics/b2_edge_polygon_contact.cpp",
        "build/box2d-src/src/dynamics/b2_fixture.cpp",
        "build/box2d-src/src/dynamics/b2_friction_joint.cpp",
        "build/box2d-src/src/dynamics/b2_gear_joint.cpp",
        "build/box2d-src/src/dynamics/b2_island.cpp",
        "build/box2d-src/src/dynamics/b2_joint.cpp",
        "build/box2d-src/src/dynamics/b2_motor_joint.cpp",
        "build/box2d-src/src/dynamics/b2_mouse_joint.cpp",
        "build/box2d-src/src/dynamics/b2_polygon_circle_contact.cpp",
        "build/box2d-src/src/dynamics/b2_polygon_contact.cpp",
        "build/box2d-src/src/dynamics/b2_prismatic_joint.cpp",
        "build/box2d-src/src/dynamics/b2_pulley_joint.cpp",
        "build/box2d-src/src/dynamics/b2_revolute_joint.cpp",
        "build/box2d-src/src/dynamics/b2_weld_joint.cpp",
        "build/box2d-src/src/dynamics/b2_wheel_joint.cpp",
        "build/box2d-src/src/dynamics/b2_world.cpp",
        "build/box2d-src/src/dynamics/b2_world_callbacks.cpp",
        "build/box2d-src/src/rope/b2_rope.cpp"
      ]
    }
  ]
}
