<#
    Stub module for the Windows-only FailoverClusters module (the way FailoverClusterDsc does it in
    tests/Unit/Stubs): the same command names, parameter names, parameter types, positions,
    parameter sets and pipeline bindings as the real cmdlets, and a body that throws. Import it in
    a unit test, then Mock the commands the code under test calls:

        Import-Module "$repo/test/powershell/Stubs/FailoverClusters.stubs.psm1" -Force
        Mock -CommandName Get-ClusterGroup -ModuleName PgCluster -MockWith { ... }

    Signatures come from the Microsoft Learn reference of the FailoverClusters module
    (https://learn.microsoft.com/powershell/module/failoverclusters/, Windows Server 2025 pages,
    2022 pages where 2025 has none); see README.md in this folder for the exact source of each one.

    The parameter enums of the real module (Microsoft.FailoverClusters.PowerShell.GroupType and
    .ResumeClusterNodeFailbackType) are defined here when the real module is not loaded, so a
    typo such as -GroupType GenericSevice fails in a mocked call exactly as it would on Windows.
#>

Set-StrictMode -Version 3.0

function Add-StubEnum {
    <#
    .SYNOPSIS
        Defines a public enum with the given full name unless a type of that name already exists
        (real module loaded, or stub imported before). Reflection.Emit first (fast, no compiler);
        Add-Type as the fallback.
    #>
    param (
        [string] $FullName,
        [type] $UnderlyingType,
        [System.Collections.Specialized.OrderedDictionary] $Value,
        [switch] $Flags
    )

    if ($FullName -as [type]) {
        return
    }
    try {
        $assemblyName = New-Object -TypeName System.Reflection.AssemblyName -ArgumentList ('PgClusterStub.' + $FullName)
        $assembly = [System.Reflection.Emit.AssemblyBuilder]::DefineDynamicAssembly($assemblyName, [System.Reflection.Emit.AssemblyBuilderAccess]::Run)
        $module = $assembly.DefineDynamicModule($assemblyName.Name)
        $builder = $module.DefineEnum($FullName, [System.Reflection.TypeAttributes]::Public, $UnderlyingType)
        if ($Flags) {
            $ctor = [System.FlagsAttribute].GetConstructor([type[]]@())
            $builder.SetCustomAttribute((New-Object -TypeName System.Reflection.Emit.CustomAttributeBuilder -ArgumentList $ctor, @()))
        }
        foreach ($key in $Value.Keys) {
            $null = $builder.DefineLiteral($key, ($Value[$key] -as $UnderlyingType))
        }
        $null = $builder.CreateTypeInfo()
    }
    catch {
        Write-Verbose -Message "Reflection.Emit could not define ${FullName}: $($_.Exception.Message)"
    }
    if ($FullName -as [type]) {
        return
    }
    $namespace = $FullName.Substring(0, $FullName.LastIndexOf('.'))
    $typeName = $FullName.Substring($FullName.LastIndexOf('.') + 1)
    $csType = @{ 'System.Int32' = 'int'; 'System.UInt32' = 'uint'; 'System.UInt16' = 'ushort' }[$UnderlyingType.FullName]
    $members = @($Value.Keys | ForEach-Object -Process { '{0} = {1}' -f $_, $Value[$_] }) -join ', '
    $attribute = ''
    if ($Flags) {
        $attribute = '[System.Flags] '
    }
    Add-Type -TypeDefinition ("namespace {0} {{ {1}public enum {2} : {3} {{ {4} }} }}" -f $namespace, $attribute, $typeName, $csType, $members)
}

# Values and numbers: FailoverClusters 2.0.0.0 as captured by Indented.StubCommand in
# dsccommunity/FailoverClusterDsc tests/Unit/Stubs; names also match the "Accepted values" of the
# Add-ClusterGroup and Resume-ClusterNode reference pages.
Add-StubEnum -FullName 'Microsoft.FailoverClusters.PowerShell.GroupType' -UnderlyingType ([uint32]) -Value ([ordered]@{
        Cluster = 1; AvailableStorage = 2; Temporary = 3; ClusterSharedVolume = 4; ClusterStoragePool = 5
        FileServer = 100; DhcpServer = 102; Dtc = 103; Msmq = 104; Wins = 105; StandAloneDfs = 106
        GenericApplication = 107; GenericService = 108; GenericScript = 109; IScsiNameService = 110
        VirtualMachine = 111; TsSessionBroker = 112; IScsiTarget = 113; ScaleoutFileServer = 114
        VMReplicaBroker = 115; TaskScheduler = 116; InfrastructureFileServer = 122; Unknown = 9999
    })
Add-StubEnum -FullName 'Microsoft.FailoverClusters.PowerShell.ResumeClusterNodeFailbackType' -UnderlyingType ([int]) -Value ([ordered]@{
        NoFailback = 0; Immediate = 1; Policy = 2
    })

# https://learn.microsoft.com/powershell/module/failoverclusters/get-cluster
function Get-Cluster {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.Cluster')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Name,

        [Parameter()]
        [string]
        $Domain
    )

    throw 'StubNotImplemented: Get-Cluster is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/get-clusternode
function Get-ClusterNode {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterNode')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Get-ClusterNode is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/add-clustergroup
function Add-ClusterGroup {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterGroup')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter(Position = 1)]
        [Microsoft.FailoverClusters.PowerShell.GroupType]
        $GroupType,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Add-ClusterGroup is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/get-clustergroup
function Get-ClusterGroup {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterGroup')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [guid]
        $VMId,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Get-ClusterGroup is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/remove-clustergroup
function Remove-ClusterGroup {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param (
        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [guid]
        $VMId,

        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter()]
        [switch]
        $Force,

        [Parameter()]
        [switch]
        $RemoveResources,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Remove-ClusterGroup is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/start-clustergroup
function Start-ClusterGroup {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterGroup')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Name,

        [Parameter()]
        [switch]
        $IgnoreLocked,

        [Parameter()]
        [switch]
        $ChooseBestNode,

        [Parameter()]
        [int]
        $Wait,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Start-ClusterGroup is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/stop-clustergroup
function Stop-ClusterGroup {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterGroup')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Name,

        [Parameter()]
        [switch]
        $IgnoreLocked,

        [Parameter()]
        [int]
        $Wait,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Stop-ClusterGroup is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/move-clustergroup
function Move-ClusterGroup {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterGroup')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Name,

        [Parameter(Position = 1)]
        [string]
        $Node,

        [Parameter()]
        [switch]
        $IgnoreLocked,

        [Parameter()]
        [int]
        $Wait,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Move-ClusterGroup is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/get-clusteravailabledisk
function Get-ClusterAvailableDisk {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterDiskInfo')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Cluster,

        [Parameter(ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $Disk,

        [Parameter()]
        [switch]
        $All,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject
    )

    throw 'StubNotImplemented: Get-ClusterAvailableDisk is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/add-clusterdisk
function Add-ClusterDisk {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResource')]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [psobject[]]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Add-ClusterDisk is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/get-clusterresource
function Get-ClusterResource {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResource')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [guid]
        $VMId,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Get-ClusterResource is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/add-clusterresource
function Add-ClusterResource {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResource')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [string]
        $Name,

        [Parameter(Position = 1)]
        [string]
        $Group,

        [Parameter(Mandatory = $true, Position = 2)]
        [Alias('ResType', 'Type')]
        [string]
        $ResourceType,

        [Parameter()]
        [switch]
        $SeparateMonitor,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Add-ClusterResource is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/remove-clusterresource
function Remove-ClusterResource {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter()]
        [switch]
        $Force,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Remove-ClusterResource is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/move-clusterresource
function Move-ClusterResource {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResource')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Name,

        [Parameter(Position = 1)]
        [string]
        $Group,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Move-ClusterResource is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/start-clusterresource
function Start-ClusterResource {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResource')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Name,

        [Parameter()]
        [switch]
        $IgnoreLocked,

        [Parameter()]
        [switch]
        $ChooseBestNode,

        [Parameter()]
        [int]
        $Wait,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Start-ClusterResource is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/stop-clusterresource
function Stop-ClusterResource {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResource')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Name,

        [Parameter()]
        [switch]
        $IgnoreLocked,

        [Parameter()]
        [int]
        $Wait,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Stop-ClusterResource is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/get-clusterparameter
function Get-ClusterParameter {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterParameter')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Get-ClusterParameter is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/set-clusterparameter
function Set-ClusterParameter {
    [CmdletBinding(DefaultParameterSetName = 'NoMultiple')]
    param (
        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter(ParameterSetName = 'Single Parameter', Position = 0)]
        [string]
        $Name,

        [Parameter(ParameterSetName = 'Single Parameter', Position = 1)]
        [psobject]
        $Value,

        [Parameter(ParameterSetName = 'Multiple Parameter', Position = 0)]
        [hashtable]
        $Multiple,

        [Parameter()]
        [switch]
        $Create,

        [Parameter()]
        [switch]
        $Delete,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Set-ClusterParameter is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/get-clusterresourcedependency
function Get-ClusterResourceDependency {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResourceDependency')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Resource,

        [Parameter()]
        [switch]
        $Guid,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Get-ClusterResourceDependency is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/set-clusterresourcedependency
function Set-ClusterResourceDependency {
    [CmdletBinding()]
    param (
        [Parameter(Position = 0)]
        [string]
        $Resource,

        [Parameter(Position = 1)]
        [string]
        $Dependency,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Set-ClusterResourceDependency is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/get-clusterownernode
# Returns a ClusterOwnerNode object: ClusterObject and OwnerNodes (the ClusterNode objects, in
# order of preference for a group).
function Get-ClusterOwnerNode {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterOwnerNode')]
    param (
        [Parameter()]
        [string]
        $Resource,

        [Parameter()]
        [string]
        $Group,

        [Parameter()]
        [string]
        $ResourceType,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Get-ClusterOwnerNode is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/set-clusterownernode
function Set-ClusterOwnerNode {
    [CmdletBinding()]
    param (
        [Parameter()]
        [string]
        $Resource,

        [Parameter()]
        [string]
        $Group,

        [Parameter(Mandatory = $true)]
        [System.Collections.Specialized.StringCollection]
        $Owners,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Set-ClusterOwnerNode is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/add-clusterresourcedependency
function Add-ClusterResourceDependency {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterResource')]
    param (
        [Parameter(Position = 0)]
        [string]
        $Resource,

        [Parameter(Position = 1)]
        [string]
        $Provider,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Add-ClusterResourceDependency is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/suspend-clusternode
function Suspend-ClusterNode {
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterNode')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter()]
        [switch]
        $Drain,

        [Parameter()]
        [switch]
        $ForceDrain,

        [Parameter()]
        [switch]
        $Wait,

        [Parameter(Position = 1)]
        [string]
        $TargetNode,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Suspend-ClusterNode is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/resume-clusternode
function Resume-ClusterNode {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterNode')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter(Position = 1)]
        [Microsoft.FailoverClusters.PowerShell.ResumeClusterNodeFailbackType]
        $Failback,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Resume-ClusterNode is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/stop-clusternode
function Stop-ClusterNode {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter()]
        [int]
        $Wait,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Stop-ClusterNode is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/start-clusternode
function Start-ClusterNode {
    [CmdletBinding()]
    [OutputType('Microsoft.FailoverClusters.PowerShell.ClusterNode')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Name,

        [Parameter()]
        [Alias('fq', 'FixQuorum')]
        [switch]
        $ForceQuorum,

        [Parameter()]
        [Alias('cq')]
        [switch]
        $ClearQuarantine,

        [Parameter()]
        [Alias('ips')]
        [switch]
        $IgnorePersistentState,

        [Parameter()]
        [Alias('pq')]
        [switch]
        $PreventQuorum,

        [Parameter()]
        [int]
        $Wait,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Start-ClusterNode is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/failoverclusters/test-cluster
function Test-Cluster {
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('System.IO.FileInfo', 'Microsoft.FailoverClusters.PowerShell.ClusterTestInfo')]
    param (
        [Parameter(Position = 0)]
        [System.Collections.Specialized.StringCollection]
        $Node,

        [Parameter()]
        [object[]]
        $Disk,

        [Parameter()]
        [object[]]
        $Pool,

        [Parameter()]
        [string]
        $ReportName,

        [Parameter()]
        [switch]
        $List,

        [Parameter()]
        [System.Collections.Specialized.StringCollection]
        $Include,

        [Parameter()]
        [System.Collections.Specialized.StringCollection]
        $Ignore,

        [Parameter()]
        [switch]
        $Force,

        [Parameter(ValueFromPipeline = $true)]
        [psobject]
        $InputObject,

        [Parameter()]
        [string]
        $Cluster
    )

    throw 'StubNotImplemented: Test-Cluster is a test stub; mock it'
}

Export-ModuleMember -Function @(
    'Get-Cluster', 'Get-ClusterNode', 'Add-ClusterGroup', 'Get-ClusterGroup', 'Remove-ClusterGroup',
    'Start-ClusterGroup', 'Stop-ClusterGroup', 'Move-ClusterGroup', 'Get-ClusterAvailableDisk', 'Add-ClusterDisk',
    'Get-ClusterResource', 'Add-ClusterResource', 'Remove-ClusterResource', 'Move-ClusterResource',
    'Start-ClusterResource', 'Stop-ClusterResource', 'Get-ClusterParameter', 'Set-ClusterParameter',
    'Get-ClusterResourceDependency', 'Set-ClusterResourceDependency', 'Add-ClusterResourceDependency',
    'Get-ClusterOwnerNode', 'Set-ClusterOwnerNode',
    'Suspend-ClusterNode', 'Resume-ClusterNode', 'Stop-ClusterNode', 'Start-ClusterNode', 'Test-Cluster'
)
