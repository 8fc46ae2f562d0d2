# Runs castmap with ARGS and checks its exit status (EXPECT_STATUS) and combined output
# (EXPECT_REGEX). Used by the CLI smoke tests in tests/CMakeLists.txt.
execute_process(COMMAND ${CASTMAP} ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL EXPECT_STATUS)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_STATUS}\n${out}\n${err}")
endif()
if(DEFINED EXPECT_REGEX AND NOT "${out}${err}" MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "output does not match '${EXPECT_REGEX}':\n${out}\n${err}")
endif()
