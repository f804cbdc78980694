# One warning policy for every target Rampart builds (docs/building.md).
#
# rampart_apply_warning_policy(), called once at the end of the top-level CMakeLists.txt, walks
# every target defined in the source tree and sets its warnings and Qt definitions as PRIVATE
# target options: nothing is set through global flags, and a target added later in any folder
# gets the same policy without a line of its own.
#
#  - always:                     -Wall -Wextra -Wpedantic, QT_NO_CAST_FROM_ASCII, QT_NO_FOREACH,
#                                QT_NO_KEYWORDS
#  - RAMPART_STRICT_WARNINGS:    adds -Wshadow -Wconversion
#  - RAMPART_WARNINGS_AS_ERRORS: -Werror on every target (but -Wmaybe-uninitialized, which
#                                depends on the optimiser); the strict pair stays a warning
#                                (-Wno-error=...) on targets outside RAMPART_STRICT_CLEAN_DIRS
# The `ci` preset turns both options on, so the folders listed below can no longer regress.

option(RAMPART_STRICT_WARNINGS "Add -Wshadow -Wconversion to every target (the ci preset)" OFF)
option(RAMPART_WARNINGS_AS_ERRORS "Treat warnings as errors (the ci preset)" OFF)

set(RAMPART_BASE_WARNINGS -Wall -Wextra -Wpedantic)
set(RAMPART_STRICT_WARNING_FLAGS -Wshadow -Wconversion)

# Folders (relative to the source root) whose targets compile with no -Wshadow/-Wconversion
# warning. A target in one of these folders, or below it, gets the strict pair as errors in the
# ci preset. Add a folder here once `cmake --build build/ci` shows no warning from it.
set(RAMPART_STRICT_CLEAN_DIRS
    core/stats
    core/rollout
    core/io
    core/flags
    core/telemetry
    core/store
    core/sim
    core/service
    core/api
    report
    widgets
    models
    app
    tests/core/stats
    tests/core/rollout
    tests/core/flags
    tests/core/telemetry
)

# _rampart_collect_targets(OUT DIR): every buildsystem target of DIR and its subdirectories.
function(_rampart_collect_targets out dir)
    get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
    get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
    foreach(sub IN LISTS subdirs)
        _rampart_collect_targets(sub_targets "${sub}")
        list(APPEND targets ${sub_targets})
    endforeach()
    set(${out} ${targets} PARENT_SCOPE)
endfunction()

# _rampart_in_strict_clean_dir(OUT TARGET): TRUE when TARGET's folder is a clean folder or below.
function(_rampart_in_strict_clean_dir out target)
    get_target_property(src "${target}" SOURCE_DIR)
    file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${src}")
    set(result FALSE)
    foreach(dir IN LISTS RAMPART_STRICT_CLEAN_DIRS)
        if(rel STREQUAL dir OR rel MATCHES "^${dir}/")
            set(result TRUE)
        endif()
    endforeach()
    set(${out} ${result} PARENT_SCOPE)
endfunction()

function(rampart_apply_warning_policy)
    _rampart_collect_targets(targets "${PROJECT_SOURCE_DIR}")
    foreach(target IN LISTS targets)
        get_target_property(type "${target}" TYPE)
        if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
            continue()
        endif()
        target_compile_definitions("${target}" PRIVATE
            QT_NO_CAST_FROM_ASCII QT_NO_FOREACH QT_NO_KEYWORDS)
        target_compile_options("${target}" PRIVATE ${RAMPART_BASE_WARNINGS})
        if(RAMPART_STRICT_WARNINGS)
            target_compile_options("${target}" PRIVATE ${RAMPART_STRICT_WARNING_FLAGS})
        endif()
        if(RAMPART_WARNINGS_AS_ERRORS)
            # -Wmaybe-uninitialized stays a warning: GCC 12 decides it after inlining, so it comes
            # and goes with the optimiser (false positives through std::optional / Result<T>).
            target_compile_options("${target}" PRIVATE -Werror
                $<$<CXX_COMPILER_ID:GNU>:-Wno-error=maybe-uninitialized>)
            _rampart_in_strict_clean_dir(clean "${target}")
            if(RAMPART_STRICT_WARNINGS AND NOT clean)
                target_compile_options("${target}" PRIVATE -Wno-error=shadow -Wno-error=conversion -Wno-error=float-conversion)
            endif()
        endif()
    endforeach()
endfunction()
