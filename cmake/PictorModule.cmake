# pictor_module(NAME SOURCES ... DEPS ...): one static library per folder of src/, linking the
# modules and packages it may use (docs/architecture.md: dependencies point down). Every module sees src/
# as its include root, so linking alone does not stop a header-only include of a module it does
# not list: scripts/check-layers.sh (the CTest test `layer_check`, run by `make test`) checks
# every #include against the module map.
function(pictor_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(pictor_${name} STATIC ${M_SOURCES})
  target_include_directories(pictor_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(pictor_${name} PUBLIC ${M_DEPS})
endfunction()
