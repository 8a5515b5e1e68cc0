/* Must compile with the model layer's include folder: the control case of
 * upward.c, so that test fails for the right reason. */
#include "rareflow/scenario.h"
int rf_layering_same_layer;
