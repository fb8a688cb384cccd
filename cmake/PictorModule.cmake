# pictor_module(NAME SOURCES ... DEPS ...): one static library per folder of src/. A module links
# only the modules and packages it may use (STYLE.md: dependencies point down), so an include
# of a module it does not list fails to build.
function(pictor_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(pictor_${name} STATIC ${M_SOURCES})
  target_include_directories(pictor_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(pictor_${name} PUBLIC ${M_DEPS})
endfunction()
