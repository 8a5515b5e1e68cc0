/* Must NOT compile with the model layer's include folder: the model sits
 * below the policies (tests/CMakeLists.txt, WILL_FAIL). */
#include "rareflow/policy.h"
int rf_layering_upward;
