# Fails when a translation is missing: updates copies of the .ts files from the sources with
# lupdate, then looks for unfinished or empty entries. Run by CTest (translations_complete).
# SPDX-License-Identifier: GPL-3.0-or-later
string(REPLACE "|" ";" source_dirs "${SOURCE_DIRS}") # "|"-separated: a list does not survive add_test
file(GLOB ts_files "${TS_DIR}/*.ts")
if(NOT ts_files)
  message(FATAL_ERROR "no .ts files in ${TS_DIR}")
endif()
file(MAKE_DIRECTORY "${WORK_DIR}")
set(failed "")
foreach(ts IN LISTS ts_files)
  get_filename_component(name "${ts}" NAME)
  configure_file("${ts}" "${WORK_DIR}/${name}" COPYONLY)
  execute_process(COMMAND "${LUPDATE}" -silent -no-obsolete -locations none ${source_dirs} -ts "${WORK_DIR}/${name}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed on ${name}")
  endif()
  file(READ "${WORK_DIR}/${name}" content)
  string(REGEX MATCHALL "type=\"unfinished\"" unfinished "${content}")
  list(LENGTH unfinished n)
  if(n GREATER 0)
    list(APPEND failed "${name}: ${n} untranslated or changed strings (run lupdate, then translate them)")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "${failed}")
endif()
message(STATUS "translations complete: ${ts_files}")
