# PgCluster: PowerShell cmdlets over the PgCluster Node helper (decisions) and native Windows
# tools (actions). One function per file; Private functions are not exported.
Set-StrictMode -Version 3.0

foreach ($folder in @('Private', 'Public')) {
    $files = Get-ChildItem -Path (Join-Path -Path $PSScriptRoot -ChildPath $folder) -Filter '*.ps1' -ErrorAction SilentlyContinue
    foreach ($file in $files) {
        . $file.FullName
    }
}

# Where the Node runtime and the helper scripts live: the MSI layout (<InstallFolder>\node\node.exe,
# <InstallFolder>\app\bin\*.js, found through PGCLUSTER_HOME or the registry), the source tree
# (ps-module\PgCluster -> ..\..\bin), or what the environment says (PGCLUSTER_NODE, PGCLUSTER_HOME).
$script:PgClusterRoot = Resolve-PgClusterRoot -ModuleRoot $PSScriptRoot
