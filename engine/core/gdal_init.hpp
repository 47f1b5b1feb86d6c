// GDAL's drivers are registered once per process; every module that opens files calls this.
#pragma once

namespace hotspot {
void ensure_gdal_registered();
}
