# Layering enforced by the build (docs/building.md).
#
# Headers of a core/ layer are spelled "<layer>/<file>.h" (e.g. "rollout/plan.h"). Exporting the
# whole core/ folder would let any target include any layer's header without linking it, so each
# layer exports a folder of its own instead: <build>/layers/<layer>/ holding one symbolic link,
# <layer> -> core/<layer>. A target sees "rollout/plan.h" only when it links Rampart::rollout
# (directly or through a layer that links it PUBLIC); including another layer's header without
# linking that layer fails to compile.

# rampart_layer_headers(TARGET): TARGET (defined in core/<layer>/) exports only its own headers.
function(rampart_layer_headers target)
    get_target_property(src "${target}" SOURCE_DIR)
    get_filename_component(layer "${src}" NAME)
    set(root "${PROJECT_BINARY_DIR}/layers/${layer}")
    file(MAKE_DIRECTORY "${root}")
    file(CREATE_LINK "${src}" "${root}/${layer}" SYMBOLIC)
    target_include_directories("${target}" PUBLIC "$<BUILD_INTERFACE:${root}>")
endfunction()

# _rampart_link_closure(OUT TARGET): TARGET's link dependencies, followed through the project's
# own targets (imported ones like Qt6::Core are listed, not entered).
function(_rampart_link_closure out target)
    set(seen "")
    set(queue "${target}")
    while(queue)
        list(POP_FRONT queue current)
        if(NOT TARGET "${current}")
            continue()
        endif()
        get_target_property(aliased "${current}" ALIASED_TARGET)
        if(aliased)
            set(current "${aliased}")
        endif()
        get_target_property(imported "${current}" IMPORTED)
        if(imported)
            continue()
        endif()
        get_target_property(libs "${current}" LINK_LIBRARIES)
        get_target_property(ilibs "${current}" INTERFACE_LINK_LIBRARIES)
        foreach(lib IN LISTS libs ilibs)
            string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" lib "${lib}")
            if(lib AND NOT lib MATCHES "-NOTFOUND$" AND NOT lib IN_LIST seen)
                list(APPEND seen "${lib}")
                list(APPEND queue "${lib}")
            endif()
        endforeach()
    endwhile()
    set(${out} ${seen} PARENT_SCOPE)
endfunction()

# rampart_qt_free(TARGET...): TARGET has no Qt: no AUTOMOC/AUTOUIC/AUTORCC, and
# rampart_check_layering() fails if it links Qt, directly or through another target.
function(rampart_qt_free)
    foreach(target IN LISTS ARGN)
        set_target_properties("${target}" PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
        set_property(GLOBAL APPEND PROPERTY RAMPART_QT_FREE_TARGETS "${target}")
    endforeach()
endfunction()

# rampart_check_layering(): called after every folder is added; fails when a Qt-free target
# links Qt, or when a target still puts the whole core/ folder on an include path (which would
# let everything include everything).
function(rampart_check_layering)
    get_property(qt_free GLOBAL PROPERTY RAMPART_QT_FREE_TARGETS)
    foreach(target IN LISTS qt_free)
        _rampart_link_closure(deps "${target}")
        foreach(dep IN LISTS deps)
            if(dep MATCHES "^Qt[0-9]*::")
                message(FATAL_ERROR "${target} must stay Qt-free (rampart_qt_free), but it links "
                                    "${dep}")
            endif()
        endforeach()
    endforeach()
    _rampart_collect_targets(targets "${PROJECT_SOURCE_DIR}")
    foreach(target IN LISTS targets)
        get_target_property(type "${target}" TYPE)
        if(type STREQUAL "UTILITY")
            continue()
        endif()
        get_target_property(dirs "${target}" INTERFACE_INCLUDE_DIRECTORIES)
        get_target_property(own "${target}" INCLUDE_DIRECTORIES)
        foreach(dir IN LISTS dirs own)
            if(dir STREQUAL "${PROJECT_SOURCE_DIR}/core" OR dir STREQUAL "${PROJECT_SOURCE_DIR}/core/")
                message(FATAL_ERROR "${target} puts the whole core/ folder on the include path; "
                    "a core layer calls rampart_layer_headers(<target>) instead, and other "
                    "targets link the layers whose headers they include (cmake/RampartLayers.cmake)")
            endif()
        endforeach()
    endforeach()
endfunction()

# rampart_automoc_only_with_qt(): no AUTOMOC/AUTOUIC/AUTORCC on a target that does not link Qt
# (directly or through the targets it links): the Qt-free layers' tests and benchmarks too.
function(rampart_automoc_only_with_qt)
    _rampart_collect_targets(targets "${PROJECT_SOURCE_DIR}")
    foreach(target IN LISTS targets)
        get_target_property(type "${target}" TYPE)
        if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
            continue()
        endif()
        _rampart_link_closure(deps "${target}")
        set(uses_qt FALSE)
        foreach(dep IN LISTS deps)
            if(dep MATCHES "^Qt[0-9]*::")
                set(uses_qt TRUE)
                break()
            endif()
        endforeach()
        if(NOT uses_qt)
            set_target_properties("${target}" PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
        endif()
    endforeach()
endfunction()
