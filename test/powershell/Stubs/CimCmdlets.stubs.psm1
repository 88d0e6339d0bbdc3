# Stubs of the CimCmdlets commands the module uses (absent from PowerShell on Linux). Skeletons
# follow https://learn.microsoft.com/powershell/module/cimcmdlets/ ; the bodies throw so that a
# test must mock them. See README.md.

# https://learn.microsoft.com/powershell/module/cimcmdlets/get-ciminstance
function Get-CimInstance {
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance')]
    param (
        [Parameter(ParameterSetName = 'ClassNameComputerSet', Mandatory = $true, Position = 0)]
        [string]
        $ClassName,

        [Parameter()]
        [string]
        $Namespace,

        [Parameter()]
        [string]
        $Filter,

        [Parameter()]
        [string[]]
        $Property,

        [Parameter()]
        [Alias('CN', 'ServerName')]
        [string[]]
        $ComputerName,

        [Parameter()]
        [Alias('OT')]
        [uint32]
        $OperationTimeoutSec
    )

    throw 'StubNotImplemented: Get-CimInstance is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/cimcmdlets/get-cimassociatedinstance
function Get-CimAssociatedInstance {
    [CmdletBinding()]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance')]
    param (
        [Parameter(Position = 1)]
        [string]
        $Association,

        [Parameter()]
        [string]
        $ResultClassName,

        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('CimInstance')]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Namespace,

        [Parameter()]
        [Alias('CN', 'ServerName')]
        [string[]]
        $ComputerName,

        [Parameter()]
        [switch]
        $KeyOnly
    )

    throw 'StubNotImplemented: Get-CimAssociatedInstance is a test stub; mock it'
}

Export-ModuleMember -Function Get-CimInstance, Get-CimAssociatedInstance
