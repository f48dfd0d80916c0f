# SPDX-License-Identifier: GPL-3.0-or-later
# OpenCV, for the main build and tests/fuzz alike. Debian ships OpenCVConfig.cmake only in
# libopencv-dev, which depends on every module's -dev package (viz → VTK, contrib, videoio,
# ...). With only the modules used
# (libopencv-{core,imgproc,imgcodecs,dnn}-dev, scripts/install-deps.sh) the same imported
# targets and OpenCV_LIBS are made here from the libraries and headers themselves.
find_package(OpenCV QUIET COMPONENTS core imgproc imgcodecs)
if(NOT OpenCV_FOUND)
  find_path(OpenCV_INCLUDE_DIRS opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
  set(OpenCV_LIBS opencv_core opencv_imgproc opencv_imgcodecs)
  set(_ocv_deps_imgproc opencv_core)
  set(_ocv_deps_imgcodecs opencv_imgproc opencv_core)
  set(_ocv_deps_dnn opencv_imgproc opencv_core)
  foreach(_m core imgproc imgcodecs dnn) # dnn: optional here, the ONNX test links it
    find_library(OpenCV_${_m}_LIBRARY opencv_${_m})
    if(OpenCV_${_m}_LIBRARY AND EXISTS "${OpenCV_INCLUDE_DIRS}/opencv2/${_m}.hpp")
      add_library(opencv_${_m} SHARED IMPORTED)
      set_target_properties(opencv_${_m} PROPERTIES IMPORTED_LOCATION "${OpenCV_${_m}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${OpenCV_INCLUDE_DIRS}" INTERFACE_LINK_LIBRARIES "${_ocv_deps_${_m}}")
    elseif(NOT _m STREQUAL "dnn")
      message(FATAL_ERROR "OpenCV module ${_m} not found (libopencv-${_m}-dev)")
    endif()
  endforeach()
  file(STRINGS "${OpenCV_INCLUDE_DIRS}/opencv2/core/version.hpp" _ocv_ver REGEX "#define CV_VERSION_(MAJOR|MINOR|REVISION) ")
  string(REGEX REPLACE ".*MAJOR +([0-9]+).*MINOR +([0-9]+).*REVISION +([0-9]+).*" "\\1.\\2.\\3" OpenCV_VERSION "${_ocv_ver}")
  message(STATUS "OpenCV ${OpenCV_VERSION} from its module packages (no OpenCVConfig.cmake): ${OpenCV_INCLUDE_DIRS}")
endif()
