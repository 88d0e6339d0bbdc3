<#
    Stub module for the Windows-only NetSecurity module (firewall part), the way FailoverClusterDsc
    stubs FailoverClusters (tests/Unit/Stubs): the same command names, parameter names, parameter
    types, parameter sets, aliases, positions and pipeline bindings as the real cmdlets, and a body
    that throws. Import it in a unit test, then Mock the commands the code under test calls:

        Import-Module "$repo/test/powershell/Stubs/NetSecurity.stubs.psm1" -Force
        Mock -CommandName Get-NetFirewallRule -ModuleName PgCluster -MockWith { ... }

    Signatures come from the Microsoft Learn reference of the NetSecurity module, Windows Server 2025
    pages (https://learn.microsoft.com/powershell/module/netsecurity/); see README.md here.

    The real cmdlets are CDXML: rule objects are CimInstances, and parameters such as -InputObject
    or -AssociatedNetFirewallRule are typed [CimInstance]. A CimInstance cannot be created on Linux
    (PowerShell lacks libmi there), so when the code pipes a mocked rule into one of these cmdlets,
    mock it with -RemoveParameterType, e.g.
        Mock Get-NetFirewallPortFilter -ModuleName PgCluster -RemoveParameterType AssociatedNetFirewallRule -MockWith { ... }

    The parameter enums of the real module (Microsoft.PowerShell.Cmdletization.GeneratedTypes.
    NetSecurity.Action, .Direction, .Enabled, .Profile ...) are defined here when the real module is
    not loaded, so -Action Alow or -Enabled Yes fail in a mocked call as they would on Windows.
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

# Names: the "Accepted values" of the parameters on the Learn reference pages. Numbers: Action
# Allow = 2 and Block = 4 as documented for MSFT_NetFirewallRule.Action; the other numbers are not
# documented for the cmdlet enums and are assumptions (compare by name in tests, never by number).
$ns = 'Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity'
Add-StubEnum -FullName "$ns.Action" -UnderlyingType ([int]) -Value ([ordered]@{ NotConfigured = 0; Allow = 2; Block = 4 })
Add-StubEnum -FullName "$ns.Direction" -UnderlyingType ([int]) -Value ([ordered]@{ Inbound = 1; Outbound = 2 })
Add-StubEnum -FullName "$ns.Enabled" -UnderlyingType ([int]) -Value ([ordered]@{ True = 1; False = 2 })
Add-StubEnum -FullName "$ns.Profile" -UnderlyingType ([int]) -Flags -Value ([ordered]@{ Any = 0; Domain = 1; Private = 2; Public = 4; NotApplicable = 65535 })
Add-StubEnum -FullName "$ns.EdgeTraversal" -UnderlyingType ([int]) -Value ([ordered]@{ Block = 0; Allow = 1; DeferToUser = 2; DeferToApp = 3 })
Add-StubEnum -FullName "$ns.InterfaceType" -UnderlyingType ([int]) -Flags -Value ([ordered]@{ Any = 0; Wired = 1; Wireless = 2; RemoteAccess = 4 })
Add-StubEnum -FullName "$ns.Authentication" -UnderlyingType ([int]) -Value ([ordered]@{ NotRequired = 0; Required = 1; NoEncap = 2 })
Add-StubEnum -FullName "$ns.Encryption" -UnderlyingType ([int]) -Value ([ordered]@{ NotRequired = 0; Required = 1; Dynamic = 2 })
Add-StubEnum -FullName "$ns.DynamicTransport" -UnderlyingType ([int]) -Value ([ordered]@{
        Any = 0; ProximityApps = 1; ProximitySharing = 2; WifiDirectPrinting = 3; WifiDirectDisplay = 4; WifiDirectDevices = 5
    })
Add-StubEnum -FullName "$ns.PrimaryStatus" -UnderlyingType ([int]) -Value ([ordered]@{ Unknown = 0; OK = 1; Inactive = 2; Error = 3 })
Add-StubEnum -FullName "$ns.PolicyStoreType" -UnderlyingType ([int]) -Value ([ordered]@{
        None = 0; Local = 1; GroupPolicy = 2; Dynamic = 3; Generated = 4; Hardcoded = 5
    })
Remove-Variable -Name ns

# https://learn.microsoft.com/powershell/module/netsecurity/new-netfirewallrule
function New-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess = $true, PositionalBinding = $false)]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule')]
    param (
        [Parameter()]
        [string]
        $PolicyStore,

        [Parameter()]
        [string]
        $GPOSession,

        [Parameter()]
        [Alias('ID')]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [string]
        $DisplayName,

        [Parameter()]
        [string]
        $Group,

        [Parameter()]
        [string]
        $Description,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled]
        $Enabled,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Profile]
        $Profile,

        [Parameter()]
        [string[]]
        $Platform,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction]
        $Direction,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Action]
        $Action,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.EdgeTraversal]
        $EdgeTraversalPolicy,

        [Parameter()]
        [Alias('LSM')]
        [bool]
        $LooseSourceMapping,

        [Parameter()]
        [bool]
        $LocalOnlyMapping,

        [Parameter()]
        [string]
        $Owner,

        [Parameter()]
        [string[]]
        $LocalAddress,

        [Parameter()]
        [string[]]
        $RemoteAddress,

        [Parameter()]
        [string]
        $Protocol,

        [Parameter()]
        [string[]]
        $LocalPort,

        [Parameter()]
        [string[]]
        $RemotePort,

        [Parameter()]
        [string[]]
        $IcmpType,

        [Parameter()]
        [Alias('DynamicTransport')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.DynamicTransport]
        $DynamicTarget,

        [Parameter()]
        [string]
        $Program,

        [Parameter()]
        [string]
        $Package,

        [Parameter()]
        [string]
        $Service,

        [Parameter()]
        [System.Management.Automation.WildcardPattern[]]
        $InterfaceAlias,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.InterfaceType]
        $InterfaceType,

        [Parameter()]
        [string]
        $LocalUser,

        [Parameter()]
        [string]
        $RemoteUser,

        [Parameter()]
        [string]
        $RemoteMachine,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Authentication]
        $Authentication,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Encryption]
        $Encryption,

        [Parameter()]
        [bool]
        $OverrideBlockRules,

        [Parameter()]
        [string[]]
        $RemoteDynamicKeywordAddresses,

        [Parameter()]
        [Alias('Session')]
        [Microsoft.Management.Infrastructure.CimSession[]]
        $CimSession,

        [Parameter()]
        [int]
        $ThrottleLimit,

        [Parameter()]
        [switch]
        $AsJob
    )

    throw 'StubNotImplemented: New-NetFirewallRule is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/netsecurity/get-netfirewallrule
function Get-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'GetAll', PositionalBinding = $false)]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule')]
    param (
        [Parameter(ParameterSetName = 'GetAll')]
        [switch]
        $All,

        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0)]
        [Alias('ID')]
        [string[]]
        $Name,

        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory = $true)]
        [string[]]
        $DisplayName,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Description,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $DisplayGroup,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Group,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled[]]
        $Enabled,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction[]]
        $Direction,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Action[]]
        $Action,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.EdgeTraversal[]]
        $EdgeTraversalPolicy,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Alias('LSM')]
        [bool[]]
        $LooseSourceMapping,

        [Parameter(ParameterSetName = 'ByQuery')]
        [bool[]]
        $LocalOnlyMapping,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Owner,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.PrimaryStatus[]]
        $PrimaryStatus,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Status,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $PolicyStoreSource,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.PolicyStoreType[]]
        $PolicyStoreSourceType,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallAddressFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallApplicationFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallInterfaceFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallInterfaceTypeFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallPortFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallSecurityFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallServiceFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallProfile,

        [Parameter(ParameterSetName = 'GetAll')]
        [Parameter(ParameterSetName = 'ByName')]
        [Parameter(ParameterSetName = 'ByDisplayName')]
        [Parameter(ParameterSetName = 'ByQuery')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile')]
        [string]
        $PolicyStore,

        [Parameter(ParameterSetName = 'GetAll')]
        [Parameter(ParameterSetName = 'ByName')]
        [Parameter(ParameterSetName = 'ByDisplayName')]
        [Parameter(ParameterSetName = 'ByQuery')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile')]
        [switch]
        $TracePolicyStore,

        [Parameter()]
        [Alias('Session')]
        [Microsoft.Management.Infrastructure.CimSession[]]
        $CimSession,

        [Parameter()]
        [int]
        $ThrottleLimit,

        [Parameter()]
        [switch]
        $AsJob
    )

    throw 'StubNotImplemented: Get-NetFirewallRule is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/netsecurity/set-netfirewallrule
function Set-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess = $true, PositionalBinding = $false)]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule')]
    param (
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0)]
        [Alias('ID')]
        [string[]]
        $Name,

        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory = $true)]
        [string[]]
        $DisplayName,

        [Parameter(ParameterSetName = 'ByDisplayGroup', Mandatory = $true)]
        [string[]]
        $DisplayGroup,

        [Parameter(ParameterSetName = 'ByGroup', Mandatory = $true)]
        [string[]]
        $Group,

        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance[]]
        $InputObject,

        [Parameter(ParameterSetName = 'ByName')]
        [Parameter(ParameterSetName = 'ByDisplayName')]
        [Parameter(ParameterSetName = 'ByDisplayGroup')]
        [Parameter(ParameterSetName = 'ByGroup')]
        [string]
        $PolicyStore,

        [Parameter()]
        [string]
        $NewDisplayName,

        [Parameter()]
        [string]
        $Description,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled]
        $Enabled,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Profile]
        $Profile,

        [Parameter()]
        [string[]]
        $Platform,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction]
        $Direction,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Action]
        $Action,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.EdgeTraversal]
        $EdgeTraversalPolicy,

        [Parameter()]
        [Alias('LSM')]
        [bool]
        $LooseSourceMapping,

        [Parameter()]
        [bool]
        $LocalOnlyMapping,

        [Parameter()]
        [string]
        $Owner,

        [Parameter()]
        [string[]]
        $LocalAddress,

        [Parameter()]
        [string[]]
        $RemoteAddress,

        [Parameter()]
        [string]
        $Protocol,

        [Parameter()]
        [string[]]
        $LocalPort,

        [Parameter()]
        [string[]]
        $RemotePort,

        [Parameter()]
        [string[]]
        $IcmpType,

        [Parameter()]
        [Alias('DynamicTransport')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.DynamicTransport]
        $DynamicTarget,

        [Parameter()]
        [string]
        $Program,

        [Parameter()]
        [string]
        $Package,

        [Parameter()]
        [string]
        $Service,

        [Parameter()]
        [System.Management.Automation.WildcardPattern[]]
        $InterfaceAlias,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.InterfaceType]
        $InterfaceType,

        [Parameter()]
        [string]
        $LocalUser,

        [Parameter()]
        [string]
        $RemoteUser,

        [Parameter()]
        [string]
        $RemoteMachine,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Authentication]
        $Authentication,

        [Parameter()]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Encryption]
        $Encryption,

        [Parameter()]
        [bool]
        $OverrideBlockRules,

        [Parameter()]
        [string[]]
        $RemoteDynamicKeywordAddresses,

        [Parameter()]
        [Alias('Session')]
        [Microsoft.Management.Infrastructure.CimSession[]]
        $CimSession,

        [Parameter()]
        [int]
        $ThrottleLimit,

        [Parameter()]
        [switch]
        $AsJob,

        [Parameter()]
        [switch]
        $PassThru
    )

    throw 'StubNotImplemented: Set-NetFirewallRule is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/netsecurity/remove-netfirewallrule
function Remove-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'GetAll', SupportsShouldProcess = $true, PositionalBinding = $false)]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule')]
    param (
        [Parameter(ParameterSetName = 'GetAll')]
        [switch]
        $All,

        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0)]
        [Alias('ID')]
        [string[]]
        $Name,

        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory = $true)]
        [string[]]
        $DisplayName,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Description,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $DisplayGroup,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Group,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled[]]
        $Enabled,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction[]]
        $Direction,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Action[]]
        $Action,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.EdgeTraversal[]]
        $EdgeTraversalPolicy,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Alias('LSM')]
        [bool[]]
        $LooseSourceMapping,

        [Parameter(ParameterSetName = 'ByQuery')]
        [bool[]]
        $LocalOnlyMapping,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Owner,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.PrimaryStatus[]]
        $PrimaryStatus,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Status,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $PolicyStoreSource,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.PolicyStoreType[]]
        $PolicyStoreSourceType,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallAddressFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallApplicationFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallInterfaceFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallInterfaceTypeFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallPortFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallSecurityFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallServiceFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallProfile,

        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance[]]
        $InputObject,

        [Parameter(ParameterSetName = 'GetAll')]
        [Parameter(ParameterSetName = 'ByName')]
        [Parameter(ParameterSetName = 'ByDisplayName')]
        [Parameter(ParameterSetName = 'ByQuery')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile')]
        [string]
        $PolicyStore,

        [Parameter(ParameterSetName = 'GetAll')]
        [Parameter(ParameterSetName = 'ByName')]
        [Parameter(ParameterSetName = 'ByDisplayName')]
        [Parameter(ParameterSetName = 'ByQuery')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile')]
        [switch]
        $TracePolicyStore,

        [Parameter()]
        [Alias('Session')]
        [Microsoft.Management.Infrastructure.CimSession[]]
        $CimSession,

        [Parameter()]
        [int]
        $ThrottleLimit,

        [Parameter()]
        [switch]
        $AsJob,

        [Parameter()]
        [switch]
        $PassThru
    )

    throw 'StubNotImplemented: Remove-NetFirewallRule is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/netsecurity/enable-netfirewallrule
function Enable-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'GetAll', SupportsShouldProcess = $true, PositionalBinding = $false)]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule')]
    param (
        [Parameter(ParameterSetName = 'GetAll')]
        [switch]
        $All,

        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0)]
        [Alias('ID')]
        [string[]]
        $Name,

        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory = $true)]
        [string[]]
        $DisplayName,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Description,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $DisplayGroup,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Group,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled[]]
        $Enabled,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction[]]
        $Direction,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Action[]]
        $Action,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.EdgeTraversal[]]
        $EdgeTraversalPolicy,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Alias('LSM')]
        [bool[]]
        $LooseSourceMapping,

        [Parameter(ParameterSetName = 'ByQuery')]
        [bool[]]
        $LocalOnlyMapping,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Owner,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.PrimaryStatus[]]
        $PrimaryStatus,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Status,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $PolicyStoreSource,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.PolicyStoreType[]]
        $PolicyStoreSourceType,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallAddressFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallApplicationFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallInterfaceFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallInterfaceTypeFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallPortFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallSecurityFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallServiceFilter,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallProfile,

        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance[]]
        $InputObject,

        [Parameter(ParameterSetName = 'GetAll')]
        [Parameter(ParameterSetName = 'ByName')]
        [Parameter(ParameterSetName = 'ByDisplayName')]
        [Parameter(ParameterSetName = 'ByQuery')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile')]
        [string]
        $PolicyStore,

        [Parameter(ParameterSetName = 'GetAll')]
        [Parameter(ParameterSetName = 'ByName')]
        [Parameter(ParameterSetName = 'ByDisplayName')]
        [Parameter(ParameterSetName = 'ByQuery')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallAddressFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallInterfaceTypeFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallPortFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallSecurityFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallServiceFilter')]
        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallProfile')]
        [switch]
        $TracePolicyStore,

        [Parameter()]
        [Alias('Session')]
        [Microsoft.Management.Infrastructure.CimSession[]]
        $CimSession,

        [Parameter()]
        [int]
        $ThrottleLimit,

        [Parameter()]
        [switch]
        $AsJob,

        [Parameter()]
        [switch]
        $PassThru
    )

    throw 'StubNotImplemented: Enable-NetFirewallRule is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/netsecurity/get-netfirewallportfilter
function Get-NetFirewallPortFilter {
    [CmdletBinding(DefaultParameterSetName = 'GetAll', PositionalBinding = $false)]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetProtocolPortFilter')]
    param (
        [Parameter(ParameterSetName = 'GetAll')]
        [switch]
        $All,

        [Parameter(ParameterSetName = 'ByQuery')]
        [string[]]
        $Protocol,

        [Parameter(ParameterSetName = 'ByQuery')]
        [Alias('DynamicTransport')]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.DynamicTransport[]]
        $DynamicTarget,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallRule', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallRule,

        [Parameter(ParameterSetName = 'ByAssociatedNetIPsecRule', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetIPsecRule,

        [Parameter()]
        [string]
        $PolicyStore,

        [Parameter()]
        [string]
        $GPOSession,

        [Parameter()]
        [Alias('Session')]
        [Microsoft.Management.Infrastructure.CimSession[]]
        $CimSession,

        [Parameter()]
        [int]
        $ThrottleLimit,

        [Parameter()]
        [switch]
        $AsJob
    )

    throw 'StubNotImplemented: Get-NetFirewallPortFilter is a test stub; mock it'
}

# https://learn.microsoft.com/powershell/module/netsecurity/get-netfirewalladdressfilter
function Get-NetFirewallAddressFilter {
    [CmdletBinding(DefaultParameterSetName = 'GetAll', PositionalBinding = $false)]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetAddressFilter')]
    param (
        [Parameter(ParameterSetName = 'GetAll')]
        [switch]
        $All,

        [Parameter(ParameterSetName = 'ByAssociatedNetFirewallRule', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetFirewallRule,

        [Parameter(ParameterSetName = 'ByAssociatedNetIPsecRule', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetIPsecRule,

        [Parameter(ParameterSetName = 'ByAssociatedNetIPsecMainModeRule', Mandatory = $true, ValueFromPipeline = $true)]
        [Microsoft.Management.Infrastructure.CimInstance]
        $AssociatedNetIPsecMainModeRule,

        [Parameter()]
        [string]
        $PolicyStore,

        [Parameter()]
        [string]
        $GPOSession,

        [Parameter()]
        [Alias('Session')]
        [Microsoft.Management.Infrastructure.CimSession[]]
        $CimSession,

        [Parameter()]
        [int]
        $ThrottleLimit,

        [Parameter()]
        [switch]
        $AsJob
    )

    throw 'StubNotImplemented: Get-NetFirewallAddressFilter is a test stub; mock it'
}

Export-ModuleMember -Function @(
    'New-NetFirewallRule', 'Get-NetFirewallRule', 'Set-NetFirewallRule', 'Remove-NetFirewallRule',
    'Enable-NetFirewallRule', 'Get-NetFirewallPortFilter', 'Get-NetFirewallAddressFilter'
)
